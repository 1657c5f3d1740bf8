"""hotel_phone: the switchboard console of a hotel."""

__version__ = "0.1.0"
