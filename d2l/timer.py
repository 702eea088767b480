"""Wall-clock timing for benchmarks in the chapters."""

import time


class Timer:
    """Accumulate the durations of several timed runs."""

    def __init__(self):
        self.times = []
        self._start = None
        self.start()

    def start(self):
        """Start (or restart) the clock."""
        self._start = time.perf_counter()

    def stop(self):
        """Stop the clock, record the lap and return it in seconds."""
        self.times.append(time.perf_counter() - self._start)
        return self.times[-1]

    def avg(self):
        """Return the mean lap time."""
        return sum(self.times) / len(self.times)

    def sum(self):
        """Return the total of all laps."""
        return sum(self.times)
