import sys

from .cli import main

# This process ends with the command: it may skip what only a longer-lived caller needs.
sys.exit(main(process_ends=True))
