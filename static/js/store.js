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
      // One kept action per screen that moves on: two tabs cannot both keep step 4's set.
      queue.createIndex("slot", "slot", { unique: true });
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
  const done = new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
  const [result] = await Promise.all([promised(work(transaction.objectStore(name))), done]);
  return result;
}

export const store = {
  get: (name, key) => run(name, "readonly", (s) => s.get(key)),
  put: (name, value) => run(name, "readwrite", (s) => s.put(value)),
  remove: (name, key) => run(name, "readwrite", (s) => s.delete(key)),
  // Kept actions, oldest first (the keys only grow): one workout's, or every one's.
  queued: (session) => run("queue", "readonly", (s) => (session ? s.index("session").getAll(session) : s.getAll())),
  count: () => run("queue", "readonly", (s) => s.count()),
  // The new entry's key, or null when its screen already has one (another tab's).
  async keep(entry) {
    try {
      return await run("queue", "readwrite", (s) => s.add(entry));
    } catch (error) {
      if (error?.name === "ConstraintError") return null;
      throw error;
    }
  },
};

export const available = () => "indexedDB" in window;

// Whether anything was ever kept here, without making the database for a mere visitor.
export async function exists() {
  const known = await indexedDB.databases?.();
  return known ? known.some((db) => db.name === NAME) : available();
}
