"""The bottom layer: record models, errors and text offsets. Imports nothing else of the project."""
