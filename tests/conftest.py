"""The test suite's shared set-up: this folder is on sys.path, so every test can import ``support``."""
