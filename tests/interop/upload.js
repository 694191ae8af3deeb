// Uploads one file with tus-js-client, unmodified: node upload.js ENDPOINT TOKEN FILE SHA256
// CHUNK [UPLOAD_URL]. Prints the upload URL as soon as it exists and again when done; with
// UPLOAD_URL it resumes that upload from the offset the server reports.
const fs = require("fs");
const tus = require("tus-js-client");

const [endpoint, token, file, sha256, chunk, uploadUrl] = process.argv.slice(2);
const size = fs.statSync(file).size;
let printed = false;
const upload = new tus.Upload(fs.createReadStream(file), {
  endpoint,
  uploadUrl: uploadUrl || null,
  uploadSize: size,
  chunkSize: Number(chunk),
  headers: { Authorization: `Bearer ${token}` },
  metadata: { sha256, filename: require("path").basename(file) },
  retryDelays: [],
  onAfterResponse() {
    if (!printed && upload.url) {
      printed = true;
      console.log(upload.url);
    }
  },
  onError(error) {
    console.error(`upload failed: ${error}`);
    process.exit(1);
  },
  onSuccess() {
    console.log(upload.url);
    process.exit(0);
  },
});
upload.start();
