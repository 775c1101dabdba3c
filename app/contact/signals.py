"""What contact tells the rest of the app. Staff listen (app/staff/notices.py): contact never
imports the inbox that reads its messages."""

from blinker import Namespace

signals = Namespace()

# Sent once a new message is stored (never for a repeat of one stored), with the app as sender.
message_received = signals.signal("message-received")
