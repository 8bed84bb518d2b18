"""The counter's day: shifts (开班/交班) with the handover slip, and the owner's day-end close (日结)."""
