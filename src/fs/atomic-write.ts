/**
 * Atomic file replacement: the new content goes to a temporary file in the
 * same directory, is flushed to disk, and is renamed over the target. A
 * reader (or a crash) sees the old file or the new one, never half of either.
 * A symbolic link is followed: its target is replaced and the link stays.
 */
import { closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The file a path names, through any symbolic links; the path itself when it does not exist yet. */
function target(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function writeFileAtomic(path: string, content: string): void {
  const file = target(path); // renaming over a link would replace the link, not the file it points to
  let mode = 0o644;
  try {
    mode = statSync(file).mode & 0o777;
  } catch {
    // a new file: default mode
  }
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(temp, "wx", mode);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
