// A countdown to an end time, never by counting ticks: right again the moment a hidden tab
// shows. `offset` is the server's clock minus ours, so a wrong device clock does not matter.

export function countdown({ endsAt, offset = 0, onSecond, onEnd }) {
  let last = null;
  let timer = null;
  const left = () => Math.max(0, Math.ceil((endsAt - (Date.now() + offset)) / 1000));
  const tick = () => {
    const now = left();
    if (now !== last) {
      last = now;
      onSecond?.(now);
    }
    if (now === 0) {
      stop();
      onEnd?.();
    }
  };
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  timer = setInterval(tick, 200);
  tick();
  return { stop, secondsLeft: () => (endsAt - (Date.now() + offset)) / 1000 };
}
