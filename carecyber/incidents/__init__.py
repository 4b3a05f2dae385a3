"""React: incident reports without blame, grading with the legal clocks, case handling, national support."""
