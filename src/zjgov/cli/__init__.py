"""The ``zjgov`` command line."""
