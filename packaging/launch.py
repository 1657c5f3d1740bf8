"""The frozen program's entry point: the same as `hotel-phone`."""
import sys

from hotel_phone.cli import main

sys.exit(main())
