#!/usr/bin/env python3
"""Optuna on the loop benchmark's spaces, for the side-by-side table in docs/benchmarks.md.

The same spaces and the same cheap objectives as `dotnet run -c Release --project benchmarks/Harness -- loop`
(SmallMlpConfig: 11 parameters, 16,128 configs; SyntheticConfig: 11 parameters, about 28 million configs), timed in
the same windows of trial numbers: wall-clock and process CPU microseconds per trial.

Needs Debian's python3-optuna (apt-get install -y python3-optuna); run it with that Python:

    /usr/bin/python3 benchmarks/optuna_loop.py --sampler random,tpe --storage memory,sqlite --space small,large --trials 1000
"""

import argparse
import math
import os
import shutil
import tempfile
import time

import optuna

BOUNDARIES = [0, 100, 1_000, 10_000, 100_000, 1_000_000]


def small(trial):
    batch = trial.suggest_categorical("BatchSize", [16, 32, 64, 128])
    layers = trial.suggest_categorical("Layers", [1, 2, 3])
    units = [trial.suggest_categorical(f"Units[{i}]", [16, 32]) for i in range(layers)]
    activation = trial.suggest_categorical("Activation", ["relu", "tanh", "elu"])
    dropout = trial.suggest_categorical("Dropout", [False, True])
    rate = trial.suggest_categorical("DropoutRate", [0.1, 0.2, 0.3]) if dropout else 0.0
    optimizer = trial.suggest_categorical("Optimizer", ["Sgd", "Adam", "AdamW"])
    momentum = trial.suggest_categorical("Momentum", [0.0, 0.9]) if optimizer == "Sgd" else 0.0
    lr = trial.suggest_categorical("LearningRate", [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2])
    loss = abs(math.log2(batch) - 5) * 0.1 + abs(layers - 2) * 0.2 + abs(math.log10(lr) + 3) * 0.3
    loss += sum(0 if u == 32 else 0.05 for u in units)
    loss += 0 if activation == "elu" else 0.1
    loss += abs(rate - 0.2) if dropout else 0.15
    loss += (0.05 if momentum > 0 else 0.2) if optimizer == "Sgd" else 0.1
    return loss


def large(trial):
    a = trial.suggest_categorical("A", list(range(10)))
    b = trial.suggest_categorical("B", list(range(10)))
    rate = trial.suggest_categorical("Rate", [0.001, 0.003, 0.01, 0.03, 0.1, 0.3])
    shape = trial.suggest_categorical("Shape", ["Square", "Circle", "Triangle", "Star", "Hexagon"])
    mode = trial.suggest_categorical("Mode", ["x", "y", "z", "w"])
    gate = trial.suggest_categorical("Gate", [False, True])
    inner = trial.suggest_categorical("Inner", list(range(8))) if gate else 0
    layers = trial.suggest_categorical("Layers", [1, 2, 3])
    units = [trial.suggest_categorical(f"Units[{i}]", [16, 32, 64, 128, 256, 512]) for i in range(layers)]
    loss = 0.04 * (a - 7) ** 2 + 0.05 * (b - 2) ** 2 + 0.3 * (math.log10(rate) + 2) ** 2
    loss += {"Star": 0, "Hexagon": 0.2, "Circle": 0.4}.get(shape, 0.7)
    loss += {"z": 0, "y": 0.3}.get(mode, 0.5)
    loss += 0.05 * (inner - 5) ** 2 if gate else 0.6
    loss += 0.4 * abs(layers - 2)
    loss += sum(0.1 * abs(math.log2(u) - math.log2(64 << i)) for i, u in enumerate(units))
    return loss


def run(sampler_name, storage_name, space_name, trials, folder):
    objective = {"small": small, "large": large}[space_name]
    windows = [b for b in BOUNDARIES if b < trials] + [trials]
    wall = [0.0] * len(windows)
    cpu = [0.0] * len(windows)

    def timed(trial):
        if trial.number in windows[:-1]:
            i = windows.index(trial.number)
            wall[i] = time.perf_counter()
            cpu[i] = time.process_time()
        return objective(trial)

    sampler = optuna.samplers.RandomSampler(seed=1) if sampler_name == "random" else optuna.samplers.TPESampler(seed=1)
    storage = None
    if storage_name == "sqlite":
        storage = f"sqlite:///{os.path.join(folder, 'optuna.db')}"
    study = optuna.create_study(sampler=sampler, storage=storage, study_name="loop", direction="minimize")
    study.optimize(timed, n_trials=trials, gc_after_trial=False)
    wall[-1] = time.perf_counter()
    cpu[-1] = time.process_time()
    cells = []
    for i in range(len(windows) - 1):
        n = windows[i + 1] - windows[i]
        cells.append(cell((wall[i + 1] - wall[i]) * 1e6 / n, (cpu[i + 1] - cpu[i]) * 1e6 / n))
    n = windows[-1]
    cells.append(cell((wall[-1] - wall[0]) * 1e6 / n, (cpu[-1] - cpu[0]) * 1e6 / n))
    return windows, cells


def cell(wall_us, cpu_us):
    fmt = lambda v: f"{v:.0f}" if v >= 100 else f"{v:.1f}"
    return f"{fmt(wall_us)} µs ({fmt(cpu_us)} cpu)"


def label(n):
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sampler", default="random")
    parser.add_argument("--storage", default="memory")
    parser.add_argument("--space", default="small,large")
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--folder", default=None, help="where the SQLite file goes (default: the temp folder)")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    print(f"optuna {optuna.__version__}: {args.trials} trials; {os.cpu_count()} cores")
    header_done = False
    for sampler in args.sampler.split(","):
        for storage in args.storage.split(","):
            for space in args.space.split(","):
                folder = tempfile.mkdtemp(prefix="optuna-loop-", dir=args.folder)
                try:
                    windows, cells = run(sampler, storage, space, args.trials, folder)
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
                if not header_done:
                    names = [f"trials {label(windows[i])}-{label(windows[i + 1])}" for i in range(len(windows) - 1)]
                    print("| sampler | storage | space | " + " | ".join(names) + " | whole run |")
                    print("|---|---|---|" + "---:|" * (len(names) + 1))
                    header_done = True
                print(f"| {sampler} | {storage} | {space} | " + " | ".join(cells) + " |", flush=True)
    print("cells: wall-clock µs per trial (process CPU µs per trial)")


if __name__ == "__main__":
    main()
