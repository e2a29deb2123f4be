/**
 * A desktop core in its own process, for the test that quits the app mid-upload the hard way (the
 * test kills this process): signs in, starts uploading the given folder into a new album and prints
 * "uploaded N" as photos arrive. Arguments: userDataDir serverUrl email password folder.
 */
import { createCore } from "../index.ts";

const [userDataDir, serverUrl, email, password, folder] = process.argv.slice(2);
if (!userDataDir || !serverUrl || !email || !password || !folder) throw new Error("usage: upload-child userDataDir serverUrl email password folder");

const core = createCore({ userDataDir });
await core.handlers["session:signIn"]({ serverUrl, email, password });
core.on("upload:changed", (view) => {
  if (view) process.stdout.write(`uploaded ${view.counts.uploaded}\n`);
});
await core.handlers["upload:start"]({ folders: [folder], target: { kind: "newAlbum" }, uploadOriginals: false });
// Keeps running until killed (or the run ends).
await (await core.uploads.current())?.idle();
process.stdout.write("finished\n");
