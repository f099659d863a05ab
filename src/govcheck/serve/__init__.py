"""``govcheck serve``: a local page where a clerk drops a report and sees it checked.

The optional extra ``govcheck[serve]`` (Starlette, uvicorn, python-multipart)
is imported only by this package. Nothing leaves the machine and nothing
stays: uploads are parsed into memory, each check runs in a fresh process
that is killed when its time is up, and the log holds only the time, the
size and the verdict of each check. Modules: :mod:`.upload` (multipart into
memory), :mod:`.worker` (one check, isolated), :mod:`.page` (the upload page
and the served report), :mod:`.hosts` (Host and Origin checks), :mod:`.app`
(the routes) and :mod:`.server` (binding, browser, uvicorn).
"""
