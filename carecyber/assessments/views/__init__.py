"""Pages of the toolkit, split by what they are about."""
