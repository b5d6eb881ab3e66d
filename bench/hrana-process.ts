// Starts bench/hrana-serve.ts as a child process and returns its URL; close() ends it.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface HranaProcess {
  url: string;
  close(): Promise<void>;
}

export async function startHranaProcess(dbPath: string): Promise<HranaProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/hrana-serve.ts", "--db", dbPath], { stdio: ["pipe", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the Hrana server exited with code ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.stdin!.end();
      }),
  };
}
