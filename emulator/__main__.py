"""``python -m emulator``: run the emulator in the foreground and print the exports for a shell."""

import sys

from emulator import main

sys.exit(main())
