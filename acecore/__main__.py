import sys

from acecore.cli import main

if __name__ == "__main__":  # also what a reader child process imports: it must not run the CLI
    sys.exit(main())
