import { afterAll, describe, expect, it } from "vitest";
import { json, runCli, tempTree } from "../support/run-cli.js";

const versions = ["2.3", "2.2", "2.1"].map(
  (v) => `## ${v}\n\n- clean: delete untracked files faster; clean -f deletes untracked files from the working tree; clean: untracked files.\n`,
);

describe("cli: hits from changelogs last", () => {
  const tree = tempTree({
    "docs/clean.md": "# git clean\n\nTo delete untracked files from the working tree, run git clean with -f.\n",
    "docs/CHANGELOG.md": `# Changelog\n\n${versions.join("\n")}`,
  });
  const base = ["--db", `file:${tree.path("rag.db")}`, "--collection", "docs"];
  afterAll(() => tree.remove());

  it("ingest marks the changelog, and search puts its hits after the guide's unless --no-changelogs-last", async () => {
    const ingest = await runCli(["ingest", tree.path("docs"), "--root", tree.dir, "--embedder", "hash:64", "--json", ...base]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const question = "How do I delete untracked files from the working tree?";
    const plain = json(await runCli(["search", question, "--mode", "keyword", "-k", "2", "--no-changelogs-last", "--json", ...base]));
    expect(plain.hits[0].metadata.source).toBe("docs/CHANGELOG.md");
    expect(plain.hits[0].metadata.changelog).toBe(true);
    const ordered = json(await runCli(["search", question, "--mode", "keyword", "-k", "2", "--json", ...base]));
    expect(ordered.hits.map((hit: { metadata: { source: string } }) => hit.metadata.source)).toEqual(["docs/clean.md", "docs/CHANGELOG.md"]);
    expect(ordered.explain.notes.some((note: string) => note.startsWith("hits from release histories last"))).toBe(true);
  });
});
