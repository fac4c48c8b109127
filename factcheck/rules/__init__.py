"""Rules: YAML files that say which mentions are claims about which facts, and how checks behave."""
