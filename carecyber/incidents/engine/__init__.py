"""Pure domain logic of incidents: grading, clocks, catalogue, file types, signatures, indicators.

Nothing here imports Django: plain data in, plain data out, so each piece is
fast and tested on its own.
"""
