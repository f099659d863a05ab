"""Stage 3 of the pipeline: rules × document → findings."""
