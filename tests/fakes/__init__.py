"""Hand-written fakes of the processors' APIs, from their public documentation.

Each is a small HTTP server on 127.0.0.1 in a thread of the test process (real
sockets), keeping state like the real service and answering as its documentation
says: its authentication, pagination and error shapes, and 429 with Retry-After when
a test asks it to slow down (``FakeAPI.throttle``) or 503 when it is down
(``FakeAPI.down``). This is the one place a fake is right: these services cannot run
here. ``test_fakes_contract.py`` checks each against its documented examples.
"""
