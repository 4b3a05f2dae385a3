"""Test helpers shared by every app: factories and the named people of the fixtures."""
