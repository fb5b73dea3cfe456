"""Settings package: base plus one module per environment (dev, production, test)."""
