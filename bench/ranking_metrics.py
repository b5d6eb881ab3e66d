"""Page-ranking metrics and the paired bootstrap that bench/learned-fusion.py, bench/query-adapter.py and
bench/vector-transforms.py share: pages in order of their best chunk, recall@k and the reciprocal rank within the
first k pages, and a paired difference with its 95% interval."""
import numpy as np


def page_ranking(scores, pages, k=10):
    """The first k distinct pages, in order of their best-scoring chunk."""
    out = []
    for i in np.argsort(-scores):
        if pages[i] not in out:
            out.append(pages[i])
            if len(out) == k:
                break
    return out


def recall(ranking, relevant, k=5):
    """The share of `relevant` pages among the first k of `ranking`."""
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank(ranking, relevant, k=10):
    """1 / the rank of the first relevant page among the first k, or 0."""
    return next((1 / (i + 1) for i, p in enumerate(ranking[:k]) if p in relevant), 0.0)


def paired(a, b, rng, n=2000):
    """b - a, paired per question: its mean and a 95% bootstrap interval (n resamples drawn from `rng`)."""
    d = np.array(b) - np.array(a)
    means = d[rng.integers(0, len(d), (n, len(d)))].mean(1)
    return f"{d.mean():+.3f} [{np.percentile(means, 2.5):+.3f}, {np.percentile(means, 97.5):+.3f}]"
