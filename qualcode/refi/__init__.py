"""REFI-QDA exchange: reading and writing ``.qdpx`` projects so work moves between tools."""
