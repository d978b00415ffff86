"""What runs beside the handlers: the drawing thread, background tasks, garbage-collection
policy and housekeeping."""
