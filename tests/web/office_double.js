// A test double of the few Office.js calls docgen's page makes, served by the browser
// tests in place of Microsoft's office.js (so the page's own code is unchanged).
// It follows the documented contract: Office.onReady(info), document.getFileAsync(
// FileType.Compressed, {sliceSize}, cb) -> File {sliceCount, getSliceAsync(i, cb),
// closeAsync(cb)}, slices {index, data (byte array), size}, asynchronous callbacks.
// It tests docgen against Office's documented API, not against Excel.
(function () {
  const calls = (window.__officeCalls = []);
  const bytes = Uint8Array.from(atob(window.__docgenWorkbook || ""), (c) => c.charCodeAt(0));
  const SLICE = 1000;
  const later = (callback, value) => setTimeout(() => callback(value), 2);
  const Succeeded = "succeeded";
  const Failed = "failed";
  window.Office = {
    HostType: { Excel: "Excel", Word: "Word" },
    FileType: { Compressed: "compressed", Text: "text", Pdf: "pdf" },
    AsyncResultStatus: { Succeeded, Failed },
    PlatformType: { PC: "PC", Mac: "Mac", OfficeOnline: "OfficeOnline" },
    onReady(callback) {
      const info = { host: window.__officeHost || "Excel", platform: window.__officePlatform || "PC" };
      if (callback) { later(callback, info); }
      return Promise.resolve(info);
    },
    context: {
      platform: window.__officePlatform || "PC",
      ui: {
        openBrowserWindow(url) { calls.push(["openBrowserWindow", url]); },
      },
      document: {
        getFileAsync(type, options, callback) {
          calls.push(["getFileAsync", type, options && options.sliceSize]);
          if (window.__docgenFail === "file") {
            later(callback, { status: Failed, error: { message: "The operation failed." } });
            return;
          }
          const file = {
            size: bytes.length,
            sliceCount: Math.ceil(bytes.length / SLICE),
            getSliceAsync(index, done) {
              calls.push(["getSliceAsync", index]);
              if (window.__docgenFail === "slice" && index === 2) {
                later(done, { status: Failed, error: { message: "Slice failed." } });
                return;
              }
              const data = Array.from(bytes.subarray(index * SLICE, (index + 1) * SLICE));
              later(done, { status: Succeeded, value: { index, data, size: data.length } });
            },
            closeAsync(done) {
              calls.push(["closeAsync"]);
              if (done) { later(done, { status: Succeeded }); }
            },
          };
          later(callback, { status: Succeeded, value: file });
        },
      },
    },
  };
  // Word: Word.run(context => context.application.createDocument(base64).open()).
  window.Word = {
    run(batch) {
      const context = {
        application: {
          createDocument(base64) {
            calls.push(["createDocument", base64.length]);
            window.__createdDocument = base64;
            return { open() { calls.push(["open"]); } };
          },
        },
        sync() { return Promise.resolve(); },
      };
      return batch(context);
    },
  };
})();
