/* Site search from file://, with nothing fetched (mkdocs.yml: extra.polyfills).
 *
 * The theme's search runs in a Web Worker, and browsers refuse to start a
 * Worker from a page opened from the file system. The theme's offline plugin
 * answers that with a script loaded from a CDN, which a reader without a
 * network does not get: the search then never starts. This file does the same
 * job from the site itself. On a file:// page, `Worker` becomes IFrameWorker:
 * it runs the worker's script in a hidden about:blank frame (which shares the
 * page's origin, so the page can reach into it) and carries messages both
 * ways, copied and asynchronous, as a Worker does. The theme's search script
 * looks for `IFrameWorker` on the page to know that it runs in such a frame.
 * Pages served over HTTP keep the browser's own Worker.
 *
 * The file's path holds "iframe-worker" on purpose: the offline plugin adds
 * its CDN script only when no polyfill's path does.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") {
    return;
  }

  function copy(data) {
    return typeof structuredClone === "function" ? structuredClone(data) : data;
  }

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this._waiting = [];   // messages posted before the script has loaded
      this._loaded = false;
      this._frame = document.createElement("iframe");
      this._frame.hidden = true;
      this._frame.setAttribute("aria-hidden", "true");
      (document.body || document.documentElement).appendChild(this._frame);

      const scope = this._frame.contentWindow;
      // What the script posts reaches this object, as a Worker's messages do.
      scope.postMessage = (data) => {
        const message = copy(data);
        setTimeout(() => this._dispatch(new MessageEvent("message", { data: message })), 0);
      };
      scope.importScripts = () => {
        throw new Error("importScripts: not available to a worker started from file://");
      };
      scope.addEventListener("error", (event) => this._fail(event.message));

      const script = scope.document.createElement("script");
      script.src = new URL(url, location.href).href;
      script.onload = () => {
        this._loaded = true;
        this._waiting.splice(0).forEach((data) => this._deliver(data));
      };
      script.onerror = () => this._fail("could not load the worker script " + script.src);
      scope.document.head.appendChild(script);
    }

    postMessage(data) {
      if (this._loaded) {
        this._deliver(copy(data));
      } else {
        this._waiting.push(copy(data));
      }
    }

    terminate() {
      this._waiting = [];
      this._frame.remove();
    }

    _deliver(data) {
      const scope = this._frame.contentWindow;
      if (scope) {
        setTimeout(() => scope.dispatchEvent(new scope.MessageEvent("message", { data: data })), 0);
      }
    }

    _dispatch(event) {
      const handler = event.type === "error" ? this.onerror : this.onmessage;
      if (typeof handler === "function") {
        handler.call(this, event);
      }
      this.dispatchEvent(event);
    }

    _fail(message) {
      this._dispatch(new ErrorEvent("error", { message: message }));
    }
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
