"""The queue's consumer entry point: `huey_consumer app.queue_worker.huey -w 8 -k thread`.

Run one (or several, on several machines with QUEUE=redis) beside the web processes. It
builds the app from the same configuration, so jobs see the same database, keys and settings.
"""

from app import create_app
from app.parts import parts

application = create_app()
huey = parts(application).queue.huey
