"""E-mail notifications, the part every tool shares: writing messages to the outbox
(``outbox.notify``), sending them from the background worker and gathering daily digests
(``delivery``), and the one-click unsubscribe links (``tokens``).

Each tool words its own messages and decides who gets them (``continuum/notices.py``,
``agendas/notices.py``, ``partners/notices.py``); ``ecosystem/overview/notifications.py``
works out what falls due, for ``manage.py send_notifications``.
"""
