"""Energy per call, by the protocol of WattLayer's measurements (models/data/MEASUREMENTS.md):

- the board's NVML total-energy counter, read by a separate process that records every update of
  the counter with a monotonic timestamp (the counter advances about every 100 ms);
- a workload looped for a window (0.42 s for one op, 1 s for a model); average power is the slope of
  the counter between its first update 0.1 s into the loop and its last update before the loop ends;
- energy per call = that power x the synchronised wall time per call (whole-board energy, idle
  included).

DryRunMeter runs the same code on a machine without an NVIDIA GPU: its "counter" is a nominal
power x time, updated every 10 ms. It measures nothing; it only proves the pipeline works.
"""
import multiprocessing as mp
import time

COUNTER_PERIOD_S = 0.1
SETTLE_S = 0.1


def _sample_nvml(index, conn, stop):
    import pynvml
    pynvml.nvmlInit()
    handle = pynvml.nvmlDeviceGetHandleByIndex(index)
    last = None
    samples = []
    while not stop.is_set():
        mj = pynvml.nvmlDeviceGetTotalEnergyConsumption(handle)
        if mj != last:
            samples.append((time.monotonic(), mj / 1000.0))
            last = mj
        time.sleep(0.002)
    conn.send(samples)


class NvmlMeter:
    """Counter updates of GPU `index`, recorded by a child process while `with meter:` runs."""

    def __init__(self, index=0):
        import pynvml
        pynvml.nvmlInit()
        handle = pynvml.nvmlDeviceGetHandleByIndex(index)
        self.gpu = pynvml.nvmlDeviceGetName(handle)
        self.gpu = self.gpu.decode() if isinstance(self.gpu, bytes) else self.gpu
        self.driver = pynvml.nvmlSystemGetDriverVersion()
        self.driver = self.driver.decode() if isinstance(self.driver, bytes) else self.driver
        self.power_limit_w = pynvml.nvmlDeviceGetPowerManagementLimit(handle) / 1000.0
        self.index = index
        self.dry_run = False

    def __enter__(self):
        ctx = mp.get_context("spawn")
        self._parent, child = ctx.Pipe()
        self._stop = ctx.Event()
        self._proc = ctx.Process(target=_sample_nvml, args=(self.index, child, self._stop), daemon=True)
        self._proc.start()
        time.sleep(0.3)  # the sampler is running before the workload starts
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.samples = self._parent.recv()
        self._proc.join()


class DryRunMeter:
    """No GPU: a nominal power integrated in 10 ms steps, so that the protocol's code runs on
    shorter windows."""

    PERIOD_S = 0.01

    def __init__(self, nominal_w=100.0):
        self.gpu = "CPU dry run (no energy measured)"
        self.driver = "none"
        self.power_limit_w = nominal_w
        self.nominal_w = nominal_w
        self.dry_run = True

    def __enter__(self):
        self._start = time.monotonic()
        return self

    def __exit__(self, *exc):
        end = time.monotonic()
        steps = int((end - self._start) / self.PERIOD_S) + 1
        self.samples = [(self._start + k * self.PERIOD_S, self.nominal_w * k * self.PERIOD_S) for k in range(steps)]


def counter_power(samples, start, end):
    """Average power over [start + 0.1 s, end]: the counter's slope between its updates there."""
    inside = [(t, j) for t, j in samples if start + SETTLE_S <= t <= end]
    if len(inside) < 2:
        raise RuntimeError("the window saw fewer than two counter updates: make it longer")
    (t0, j0), (t1, j1) = inside[0], inside[-1]
    return (j1 - j0) / (t1 - t0)


def measure(meter, run, synchronize, window_s, warmup=3):
    """Loops `run` for `window_s` under `meter`; returns energy_j and time_s per call, watts, iters, span_s."""
    for _ in range(warmup):
        run()
    synchronize()
    with meter:
        start = time.monotonic()
        iters = 0
        while True:
            run()
            iters += 1
            if iters % 4 == 0:
                synchronize()
                if time.monotonic() - start >= window_s:
                    break
        synchronize()
        end = time.monotonic()
    watts = counter_power(meter.samples, start, end)
    time_s = (end - start) / iters
    return {"energy_j": watts * time_s, "time_s": time_s, "watts": watts, "iters": iters, "span_s": end - start}


def idle_power(meter, seconds=2.0):
    """Board power at rest (after warm-up), from the same counter."""
    with meter:
        start = time.monotonic()
        time.sleep(seconds)
        end = time.monotonic()
    return counter_power(meter.samples, start, end)
