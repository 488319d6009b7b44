// The player's offline memory in IndexedDB, shared by every tab of the site: the actions
// kept while offline (in order), the screens ahead of each open workout, and the last screen
// the server confirmed for it. The service worker reads the queue (a new deployment must not
// take over a page whose actions are not sent yet) but never changes it.

const NAME = "hipdips-offline";
let opened = null;

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function database() {
  opened ??= new Promise((resolve, reject) => {
    const opening = indexedDB.open(NAME, 1);
    opening.onupgradeneeded = () => {
      const db = opening.result;
      const queue = db.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
      queue.createIndex("session", "session");
      db.createObjectStore("screens", { keyPath: "session" });
      db.createObjectStore("confirmed", { keyPath: "session" });
    };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
  return opened;
}

async function run(name, mode, work) {
  const db = await database();
  const transaction = db.transaction(name, mode);
  const result = await promised(work(transaction.objectStore(name)));
  await new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
  return result;
}

export const store = {
  get: (name, key) => run(name, "readonly", (s) => s.get(key)),
  put: (name, value) => run(name, "readwrite", (s) => s.put(value)),
  remove: (name, key) => run(name, "readwrite", (s) => s.delete(key)),
  // A session's queued actions, oldest first (the keys only grow).
  queued: (session) => run("queue", "readonly", (s) => s.index("session").getAll(session)),
  keep: (entry) => run("queue", "readwrite", (s) => s.add(entry)),
};

export const available = () => "indexedDB" in window;
