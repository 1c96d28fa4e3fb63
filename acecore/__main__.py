import sys

from acecore.cli import main

sys.exit(main())
