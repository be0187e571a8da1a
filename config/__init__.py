"""Configuration shipped with csscore: matrices, issue taxonomy, CSA definitions and plans."""
