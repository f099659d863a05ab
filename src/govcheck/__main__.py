"""Allow ``python -m govcheck``."""

from govcheck.cli import main

if __name__ == "__main__":
    main()
