"""Qt widgets: they show the core's state, collect input and call the core."""
