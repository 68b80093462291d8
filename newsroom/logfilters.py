"""Logging filters named in settings.LOGGING."""

import logging


class WithoutTraceback(logging.Filter):
    """Keep a record's message and drop its traceback: for events that are
    the client's doing, where the traceback says nothing new."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True
