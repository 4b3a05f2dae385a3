"""Pure engines of Broadcast: no Django import, plain data in and out, tested on their own.

- `versions`: version schemes and ranges (semver, PEP 440, Debian, RPM, dotted) and their `vers` form
- `cpe`: CPE 2.3 names and name matching
- `normalise`: vendor and product names to canonical tokens, through an alias table
- `matching`: which inventory entries an affected product touches, and why
- `model`: the neutral shape of an advisory that importers produce and exporters read
- `importers`, `exporters`: KEV, CVE JSON 5, CSAF 2.0 and STIX 2.1 in; STIX 2.1 and CSAF 2.0 out
- `inventory_files`: asset inventories from CSV and CycloneDX
- `changes`: what changed between two revisions of an advisory
"""
