"""Demo incidents (small and national scale)."""
