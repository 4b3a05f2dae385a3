"""Self-assessment against data security frameworks, status rules, the public register and Assure benchmarking."""
