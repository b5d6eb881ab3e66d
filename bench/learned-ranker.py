"""The learned page order (src/search/page-ranker): gradient-boosted trees (XGBoost's LambdaMART) over each question's
candidate pages, trained on some documentation sets and measured on others (opt-in, not a test; needs Debian's
python3-xgboost, run with /usr/bin/python3).

    python3 bench/learned-ranker.py DIR groups|tunecv|split [FEATURES]
    python3 bench/learned-ranker.py DIR grid
    python3 bench/learned-ranker.py DIR compare groups|tunecv|split FEATURES_A|all FEATURES_B|all [DIR_B]
    python3 bench/learned-ranker.py DIR export src/search/page-ranker/model-data.ts test/fixtures/page-ranker/margins.json

DIR holds bench/learned-dump.ts's NAME.candidates.json for every set (all that are there are read): each question's
candidate pages (the two sides' 50 chunks each, collapsed to pages) with the features the product computes
(PAGE_FEATURES in src/search/page-ranker/features.ts). FEATURES (comma-separated) measures a subset. CONFIG=<prefix>
picks the configurations whose name starts with it.

- groups: the sets split into 5 groups of whole sets (seeded); each group is measured with a model trained on the
  other four groups' questions, so every figure is on sets the model never saw, pooled over all questions.
- tunecv: the same over the `tune` questions only: how the configuration was chosen, without the held-out halves.
- split: trained on every set's `tune` questions (SQLite's, which have no split, among them), measured on the
  `heldout` halves.
- compare: `compare MODE FEATURES_A FEATURES_B [DIR_B]` measures two models on the same questions, paired (MODE one
  of groups, tunecv, split): B with FEATURES_B on DIR_B's candidates (a deeper pool, say) against A with FEATURES_A
  on DIR's, both the chosen configuration.
- grid: 27 other configurations of the trees against the chosen one, paired, on `tunecv`.
- export: the chosen configuration (CHOSEN) trained on every `tune` question, written for the product, with a sample
  of candidates and XGBoost's margins for the TypeScript scorer's test.

Measured page-level, R@5 and MRR@10 of the model's order against the default hybrid's pages as `fuse` returns them,
with paired 95% bootstrap intervals (2,000 resamples, seeded).
"""
import glob
import os
import json
import sys

import numpy as np
import xgboost as xgb
from ranking_metrics import paired, recall, reciprocal_rank as rr

# PAGE_FEATURES of src/search/page-ranker/features.ts, in its order (the model reads them by position).
DUMP = ["base", "vS", "kS", "vIn", "kIn", "vCos", "vGap", "kRatio", "vRR", "kRR", "vN", "kN",
        "cov", "bestCov", "titleCov", "headCov", "logSize", "pages", "vTop"]
rng = np.random.default_rng(7)
CONFIGS = {
    "depth 3, 150 rounds": {"objective": "rank:ndcg", "eta": 0.05, "max_depth": 3, "min_child_weight": 10,
                            "subsample": 0.8, "colsample_bytree": 0.8, "lambda": 1.0,
                            "rounds": 150,
                            "seed": 7, "nthread": 2},
    "depth 4, 300 rounds": {"objective": "rank:ndcg", "eta": 0.05, "max_depth": 4, "min_child_weight": 10,
                            "subsample": 0.8, "colsample_bytree": 0.8, "lambda": 1.0,
                            "rounds": 300,
                            "seed": 7, "nthread": 2},
    "depth 4, eta 0.1, 150 rounds": {"objective": "rank:ndcg", "eta": 0.1, "max_depth": 4, "min_child_weight": 10,
                            "subsample": 0.8, "colsample_bytree": 0.8, "lambda": 1.0, "rounds": 150, "seed": 7, "nthread": 2},
    "pairwise, depth 3, 150": {"objective": "rank:pairwise", "eta": 0.05, "max_depth": 3, "min_child_weight": 10,
                               "subsample": 0.8, "colsample_bytree": 0.8, "rounds": 150, "seed": 7, "nthread": 2},
}


def matrix(q, feats):
    return np.array([[c["f"][f] for f in feats] for c in q["candidates"]], float)


def fit(questions, feats, params):
    xs, ys, groups = [], [], []
    for q in questions:
        y = [c["rel"] for c in q["candidates"]]
        if sum(y) == 0:
            continue  # nothing to learn from a question whose pages are not among the candidates
        xs.append(matrix(q, feats))
        ys.extend(y)
        groups.append(len(y))
    d = xgb.DMatrix(np.vstack(xs), label=np.array(ys))
    d.set_group(groups)
    p = dict(params)
    rounds = p.pop("rounds")
    return xgb.train(p, d, num_boost_round=rounds)


def ranked(model, q, feats):
    s = model.predict(xgb.DMatrix(matrix(q, feats)))
    # Ties (as with identical candidates) keep the default's order.
    base = np.array([c["f"]["base"] for c in q["candidates"]])
    order = np.lexsort((-base, -s))
    return [q["candidates"][i]["page"] for i in order]


def scores(model, questions, feats):
    out = {"b5": [], "bm": [], "m5": [], "mm": []}
    for q in questions:
        r = ranked(model, q, feats)
        out["b5"].append(recall(q["baseRanking"], q["relevant"]))
        out["bm"].append(rr(q["baseRanking"], q["relevant"]))
        out["m5"].append(recall(r, q["relevant"]))
        out["mm"].append(rr(r, q["relevant"]))
    return out


def report(label, s):
    print(f"  {label:24s} n={len(s['b5']):4d}  default R@5 {np.mean(s['b5']):.3f} MRR {np.mean(s['bm']):.3f}  learned R@5"
          f" {np.mean(s['m5']):.3f} MRR {np.mean(s['mm']):.3f}  difference R@5 {paired(s['b5'], s['m5'], rng)}"
          f" MRR {paired(s['bm'], s['mm'], rng)}", flush=True)


CHOSEN = "depth 4, eta 0.1, 150 rounds"


def export(model, feats, out_ts, out_check, data):
    """Writes the model as src/search/page-ranker/model-data.ts reads it, and a sample of candidates with the margins
    XGBoost gives them (test/fixtures/page-ranker/margins.json, for the TypeScript scorer's test)."""
    import base64
    import tempfile
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        model.save_model(f.name)
        trees = json.load(open(f.name))["learner"]["gradient_booster"]["model"]["trees"]
    roots, nodes = [], []
    for t in trees:
        offset = len(nodes) // 4
        roots.append(offset)
        for n in range(len(t["left_children"])):
            left = t["left_children"][n]
            if left == -1:
                nodes += [-1, t["split_conditions"][n], 0, 0]
            else:
                nodes += [t["split_indices"][n], t["split_conditions"][n], offset + left, offset + t["right_children"][n]]
    packed = np.array([len(roots)] + roots + nodes, dtype="<f4")
    assert all(packed[1:len(roots) + 1] == roots)
    text = base64.b64encode(packed.tobytes()).decode()
    names = feats
    with open(out_ts, "w") as f:
        f.write("// Generated by bench/learned-ranker.py (--export): do not edit. The learned page order's trees (XGBoost,\n")
        f.write(f"// {CHOSEN}, trained on the tune halves of the {len({q['corpus'] for q in data})} sets of datasets/),\n")
        f.write("// as little-endian float32s: the tree count, each tree's first node, then four numbers a node\n")
        f.write("// (feature index or -1 for a leaf, threshold or leaf value, the nodes for below and not below).\n")
        f.write(f"// Features: {', '.join(names)}.\n")
        f.write(f'export const PAGE_RANKER_TREES =\n  "{text}";\n')
    # A sample of the candidates and XGBoost's margins for them: test/page-ranker.test.ts checks the TypeScript
    # scorer against it.
    pick = np.random.default_rng(7)
    features, margins = [], []
    for i in pick.choice(len(data), 40, replace=False):
        q = data[i]
        x = matrix(q, feats)
        rows = pick.choice(len(x), min(5, len(x)), replace=False)
        features.extend(x[rows].tolist())
        margins.extend(float(v) for v in model.predict(xgb.DMatrix(x[rows]), output_margin=True))
    about = ("Candidate pages' features (PAGE_FEATURES order) from bench/learned-dump.ts over datasets/, and the margins "
             "XGBoost gave them with the trees of src/search/page-ranker/model-data.ts (bench/learned-ranker.py export, "
             "which writes both); XGBoost adds baseScore to every margin.")
    json.dump({"about": about, "baseScore": 0.5, "features": features, "margins": margins}, open(out_check, "w"))
    print(f"{len(roots)} trees, {len(nodes) // 4} nodes, {len(text)} characters -> {out_ts}; {len(margins)} margins -> {out_check}")


def per_question(data, feats, mode, params=None):
    """Each question's scores, by (set, id), under the chosen configuration (or `params`), as MODE measures it: the
    learned order's R@5 and MRR@10 (m5, mm), the default's (b5, bm), and the question's kind. Every configuration
    gets the same folds (seeded), so two are compared on the same questions split the same way."""
    params = params or CONFIGS[CHOSEN]
    sets = sorted({q["corpus"] for q in data})
    out = {}
    if mode == "split":
        splits = [([q for q in data if q["split"] == "tune"], [q for q in data if q["split"] == "heldout"])]
    else:
        pool = [q for q in data if mode == "groups" or q["split"] == "tune"]
        order = list(np.random.default_rng(7).permutation(sets))
        splits = [([q for q in pool if q["corpus"] not in held], [q for q in pool if q["corpus"] in held])
                  for held in (order[i::5] for i in range(5))]
    for train, test in splits:
        s = scores(fit(train, feats, params), test, feats)
        for i, q in enumerate(test):
            out[(q["corpus"], q["id"])] = {**{k: v[i] for k, v in s.items()}, "kind": q.get("kind")}
    return out


def compare(folder, mode, feats_a, feats_b, folder_b):
    def load(d):
        return [q for p in sorted(glob.glob(f"{d}/*.candidates.json")) for q in json.load(open(p))]
    a = per_question(load(folder), feats_a, mode)
    b = per_question(load(folder_b), feats_b, mode)
    keys = sorted(a)
    a5, am = [a[k]["m5"] for k in keys], [a[k]["mm"] for k in keys]
    b5, bm = [b[k]["m5"] for k in keys], [b[k]["mm"] for k in keys]
    print(f"{mode} n={len(keys)}  A R@5 {np.mean(a5):.3f} MRR {np.mean(am):.3f}  B R@5 {np.mean(b5):.3f} MRR {np.mean(bm):.3f}"
          f"  B - A R@5 {paired(a5, b5, rng)} MRR {paired(am, bm, rng)}")


def grid(folder):
    """Trees of other depths, learning rates, rounds, leaf sizes and objectives against the chosen ones, on `tunecv`."""
    data = [q for p in sorted(glob.glob(f"{folder}/*.candidates.json")) for q in json.load(open(p))]
    chosen = per_question(data, DUMP, "tunecv")
    keys = sorted(chosen)
    c5, cm = [chosen[k]["m5"] for k in keys], [chosen[k]["mm"] for k in keys]
    print(f"{CHOSEN}: R@5 {np.mean(c5):.3f} MRR {np.mean(cm):.3f}", flush=True)
    variants = [(d, eta, r, mcw, "rank:ndcg") for d in (3, 4, 5, 6) for eta, r in ((0.1, 150), (0.05, 300), (0.03, 500)) for mcw in (10, 40)]
    variants += [(4, 0.1, 150, 10, "rank:map"), (4, 0.1, 150, 10, "rank:pairwise"), (5, 0.1, 150, 10, "rank:pairwise")]
    for d, eta, r, mcw, objective in variants:
        params = {"objective": objective, "eta": eta, "max_depth": d, "min_child_weight": mcw, "subsample": 0.8,
                  "colsample_bytree": 0.8, "lambda": 1.0, "rounds": r, "seed": 7, "nthread": 2}
        x = per_question(data, DUMP, "tunecv", params)
        x5, xm = [x[k]["m5"] for k in keys], [x[k]["mm"] for k in keys]
        print(f"depth {d}, eta {eta}, {r} rounds, min child weight {mcw}, {objective}: R@5 {np.mean(x5):.3f} MRR {np.mean(xm):.3f}"
              f"  minus the chosen R@5 {paired(c5, x5, rng)} MRR {paired(cm, xm, rng)}", flush=True)


def main():
    folder = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else "groups"
    feats = sys.argv[3].split(",") if len(sys.argv) > 3 and mode not in ("export", "compare", "grid") else DUMP
    data = []
    for path in sorted(glob.glob(f"{folder}/*.candidates.json")):
        data.extend(json.load(open(path)))
    if mode == "grid":
        grid(folder)
        return
    if mode == "compare":
        names = lambda arg: DUMP if arg == "all" else arg.split(",")
        compare(folder, sys.argv[3], names(sys.argv[4]), names(sys.argv[5]), sys.argv[6] if len(sys.argv) > 6 else folder)
        return
    if mode == "export":
        model = fit([q for q in data if q["split"] == "tune"], feats, CONFIGS[CHOSEN])
        export(model, feats, sys.argv[3], sys.argv[4], data)
        return
    for name in [c for c in CONFIGS if c.startswith(os.environ.get("CONFIG", ""))]:
        print(name, flush=True)
        scored = per_question(data, feats, mode, CONFIGS[name])
        pooled = {k: [q[k] for q in scored.values()] for k in ("b5", "bm", "m5", "mm")}
        report("held-out halves" if mode == "split" else "all sets, unseen", pooled)
        if mode != "split":
            for kind in sorted({q["kind"] for q in scored.values()}, key=str):
                b5 = [q["b5"] for q in scored.values() if q["kind"] == kind]
                m5 = [q["m5"] for q in scored.values() if q["kind"] == kind]
                print(f"    {kind}: n={len(b5)} R@5 {np.mean(b5):.3f} -> {np.mean(m5):.3f} {paired(b5, m5, rng)}")

main()
