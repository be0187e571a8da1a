"""The bundled sample county (illustrative gradings; see README.md in this folder)."""
