#!/usr/bin/env python3
"""Solve the transport benchmark instances with Google OR-Tools and compare with our solver.

Reads the instance files `cargo bench --features ssr --bench transport` wrote (each carries
the exact minute matrix our solver used, as `time_matrix`) and our figures (`results.json`),
models the same problem in OR-Tools routing and prints one side-by-side table.

The same problem means:
- one run per vehicle: from its start, through the pick-up points, to the venue, arriving
  once (a vehicle never drops riders at the venue and goes out again);
- a vehicle nobody rides in stays put and costs nothing;
- cost = total driving minutes of all runs, the figure our plan calls total_driving_minutes;
- riders may be left off, but carrying one more rider beats any saving in driving (a penalty
  far above any route's length), as in our solver's objective;
- seats and wheelchair spaces, "ready from" (earliest), "at the venue by" (latest) and the
  longest ride are hard constraints. Waiting is allowed in OR-Tools; it never helps here
  (moving earlier legs later only shortens rides), so it does not relax the problem.

Outbound runs without keep-apart pairs or pinned riders only: that is what the benchmark
generates.

Usage: bench/ortools_compare.py [DIR] [--seconds N]
"""

import argparse
import json
import sys
import time
from pathlib import Path

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

LAST_MINUTE = 24 * 60 - 1
# Leaving a rider off costs more than any plausible day of driving (minutes).
DROP_PENALTY = 1_000_000


def clock(text):
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def minutes_between_places(instance):
    """The instance's time matrix, overrides applied, with a name -> index map."""
    places = [instance["venue"]] + instance["stops"] + instance.get("depots", [])
    index = {place["name"]: i for i, place in enumerate(places)}
    matrix = [list(row) for row in instance["time_matrix"]]
    for override in instance.get("overrides", []):
        matrix[index[override["from"]]][index[override["to"]]] = override["minutes"]
    return matrix, index


class Model:
    """OR-Tools nodes: per vehicle a start and an end (at the venue), per rider a pick-up.

    Every rider gets out at the venue, where each vehicle's route ends: so no drop-off nodes
    are needed, and a vehicle cannot go out twice. (A pick-up-and-delivery model with venue
    copies as drop-offs gave the same optimum on small runs but left OR-Tools' local search
    almost unable to move riders between vehicles.)"""

    def __init__(self, instance):
        if instance.get("direction", "outbound") != "outbound":
            raise ValueError("only outbound instances are modelled")
        if instance.get("keep_apart"):
            raise ValueError("keep_apart is not modelled")
        if any(request.get("vehicle") for request in instance["requests"]):
            raise ValueError("riders pinned to a vehicle are not modelled")
        self.matrix, index = minutes_between_places(instance)
        self.requests = instance["requests"]
        self.vehicles = instance["vehicles"]
        venue = 0
        v_count, r_count = len(self.vehicles), len(self.requests)
        self.starts = list(range(v_count))
        self.ends = list(range(v_count, 2 * v_count))
        self.pickups = list(range(2 * v_count, 2 * v_count + r_count))
        self.place = (
            [index[v.get("start") or instance["venue"]["name"]] for v in self.vehicles]
            + [venue] * v_count
            + [index[r["pickup"]] for r in self.requests]
        )
        self.start_nodes = set(self.starts)
        self.end_nodes = set(self.ends)

    def minutes(self, a, b):
        """Driving minutes between two nodes; a vehicle that goes straight home drives none."""
        if a in self.start_nodes and b in self.end_nodes:
            return 0
        return self.matrix[self.place[a]][self.place[b]]


def our_routes(model, plan):
    """Our plan as OR-Tools routes: per vehicle, its riders' pick-up nodes in boarding order."""
    node_of = {r["rider"]: model.pickups[i] for i, r in enumerate(model.requests)}
    vehicle_of = {v["id"]: i for i, v in enumerate(model.vehicles)}
    routes = [[] for _ in model.vehicles]
    for run in plan["runs"]:
        for visit in run["visits"]:
            for boarding in visit.get("board", []):
                routes[vehicle_of[run["vehicle"]]].append(node_of[boarding["rider"]])
    return routes


def solve(instance, seconds, first_solution_only, plan=None):
    """OR-Tools' answer; with `plan`, only whether OR-Tools' model accepts our plan."""
    model = Model(instance)
    nodes = len(model.place)
    manager = pywrapcp.RoutingIndexManager(nodes, len(model.vehicles), model.starts, model.ends)
    routing = pywrapcp.RoutingModel(manager)
    solver = routing.solver()

    minutes = [[model.minutes(a, b) for b in range(nodes)] for a in range(nodes)]

    def transit(i, j):
        return minutes[manager.IndexToNode(i)][manager.IndexToNode(j)]

    transit_index = routing.RegisterTransitCallback(transit)
    routing.SetArcCostEvaluatorOfAllVehicles(transit_index)
    routing.AddDimension(transit_index, LAST_MINUTE, LAST_MINUTE, False, "Time")
    time_dim = routing.GetDimensionOrDie("Time")

    def load_of(wheelchair):
        # Precomputed: OR-Tools calls this from Python for every move it tries.
        demand = [0] * nodes
        for r, request in enumerate(model.requests):
            if bool(request.get("wheelchair", False)) == wheelchair:
                demand[model.pickups[r]] = request.get("load", 1)
        return lambda i: demand[manager.IndexToNode(i)]

    for name, wheelchair, capacity in (
        ("Seats", False, [v["seats"] for v in model.vehicles]),
        ("Wheelchair", True, [v.get("wheelchair_spaces", 0) for v in model.vehicles]),
    ):
        callback = routing.RegisterUnaryTransitCallback(load_of(wheelchair))
        routing.AddDimensionWithVehicleCapacity(callback, 0, capacity, True, name)

    for r, request in enumerate(model.requests):
        p = manager.NodeToIndex(model.pickups[r])
        earliest = clock(request["earliest"]) if request.get("earliest") else 0
        time_dim.CumulVar(p).SetRange(earliest, LAST_MINUTE)
        # In vehicle v, the rider arrives when v reaches the venue (its route's end).
        for v in range(len(model.vehicles)):
            in_v = routing.VehicleVar(p) == v
            arrival = time_dim.CumulVar(routing.End(v))
            solver.Add(in_v * arrival <= clock(request["latest"]))
            solver.Add(in_v * (arrival - time_dim.CumulVar(p)) <= request["max_ride_minutes"])
        routing.AddDisjunction([p], DROP_PENALTY)

    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    )
    if not first_solution_only:
        parameters.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        )
        parameters.time_limit.FromMilliseconds(int(seconds * 1000))
    if plan is not None:
        routing.CloseModelWithParameters(parameters)
        routes = [[manager.NodeToIndex(n) for n in route] for route in our_routes(model, plan)]
        return routing.ReadAssignmentFromRoutes(routes, True) is not None
    began = time.perf_counter()
    solution = routing.SolveWithParameters(parameters)
    elapsed_ms = (time.perf_counter() - began) * 1000
    if solution is None:
        return {"ms": elapsed_ms, "cost": None, "served": 0}
    cost, served = 0, 0
    for v in range(len(model.vehicles)):
        i = routing.Start(v)
        while not routing.IsEnd(i):
            j = solution.Value(routing.NextVar(i))
            cost += model.minutes(manager.IndexToNode(i), manager.IndexToNode(j))
            if manager.IndexToNode(i) in model.pickups:
                served += 1
            i = j
    return {"ms": elapsed_ms, "cost": cost, "served": served}


def at_least_as_good(ours, theirs):
    """More riders first, then fewer driving minutes: our solver's own objective."""
    if theirs["cost"] is None:
        return True
    if ours["served"] != theirs["served"]:
        return ours["served"] > theirs["served"]
    return ours["cost"] <= theirs["cost"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", default="target/bench/transport")
    parser.add_argument("--seconds", type=float, default=3.0,
                        help="OR-Tools guided local search time limit per instance")
    args = parser.parse_args()
    directory = Path(args.dir)
    results_file = directory / "results.json"
    if not results_file.exists():
        sys.exit(f"{results_file} is missing: run `cargo bench --features ssr --bench transport` first")
    ours_by_instance = json.loads(results_file.read_text())

    header = (f"{'instance':<20} {'ours ms':>9} {'cost':>5} {'served':>6} {'opt':>3} | "
              f"{'OR first ms':>11} {'cost':>5} {'served':>6} | {'OR GLS ms':>9} {'cost':>5} {'served':>6} | "
              f"{'ours <= OR':>10} {'ours valid for OR':>17}")
    print(header)
    print("-" * len(header))
    for ours in ours_by_instance:
        instance = json.loads((directory / ours["instance"]).read_text())
        first = solve(instance, args.seconds, first_solution_only=True)
        best = solve(instance, args.seconds, first_solution_only=False)
        plan_file = directory / ours["instance"].replace(".json", ".plan.json")
        accepted = solve(instance, 0, True, plan=json.loads(plan_file.read_text()))
        riders = ours["riders"]
        print(f"{ours['instance'][:-5]:<20} {ours['median_ms']:>9.3f} {ours['cost']:>5} "
              f"{ours['served']:>3}/{riders:<2} {'yes' if ours['proven_optimal'] else 'no':>3} | "
              f"{first['ms']:>11.1f} {str(first['cost']):>5} {first['served']:>3}/{riders:<2} | "
              f"{best['ms']:>9.0f} {str(best['cost']):>5} {best['served']:>3}/{riders:<2} | "
              f"{'yes' if at_least_as_good(ours, best) else 'NO':>10} "
              f"{'yes' if accepted else 'NO':>17}")
    print(f"\nOR first: PARALLEL_CHEAPEST_INSERTION, no local search. OR GLS: guided local search "
          f"for {args.seconds:g} s. Times include building the model; ours are the median of "
          f"repeated solves in a release build. Cost: total driving minutes. 'ours valid for OR': "
          f"OR-Tools' model accepts our plan, so its model is no stricter than ours.")


if __name__ == "__main__":
    main()
