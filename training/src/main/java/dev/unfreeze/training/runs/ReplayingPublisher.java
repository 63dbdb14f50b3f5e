package dev.unfreeze.training.runs;

import dev.unfreeze.training.api.TrainingEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Publishes a run's events to any number of subscribers; one that subscribes late first receives
 * what it needs to catch up. That history is bounded: every <em>essential</em> item is kept (for a
 * run: its start, epochs, thaws, checkpoints, its end), of the others (batches, plan progress) only
 * the most recent ones, so a run of a million steps does not keep a million events.
 *
 * <p>Each subscriber gets items only as it requests them ({@link Flow.Subscription#request}), in
 * order, one at a time, and never while the publisher's lock is held: a subscriber may publish,
 * subscribe or cancel from inside {@code onNext}. The run never waits for a slow subscriber: items
 * it has not asked for yet wait in its own queue.
 */
public final class ReplayingPublisher<T> implements Flow.Publisher<T> {
    /** How many of a run's non-essential events a late subscriber still gets. */
    public static final int RECENT_EVENTS = 2000;
    private static final Object COMPLETE = new Object();

    private final Predicate<? super T> essential;
    private final int recentLimit;
    /** Items kept for late subscribers, each with its sequence number so the two lists merge in order. */
    private final List<Numbered<T>> kept = new ArrayList<>();
    private final Deque<Numbered<T>> recent = new ArrayDeque<>();
    private final List<Delivery> subscribers = new ArrayList<>();
    private long published;
    private boolean completed;

    /**
     * @param essential which items every late subscriber must see
     * @param recentLimit how many of the other items are kept, the most recent ones
     */
    public ReplayingPublisher(Predicate<? super T> essential, int recentLimit) {
        this.essential = essential;
        this.recentLimit = recentLimit;
    }

    /** A publisher for a run's events: batches and progress reports are the ones that may be dropped. */
    public static ReplayingPublisher<TrainingEvent> forRunEvents() {
        return new ReplayingPublisher<>(e -> !(e instanceof TrainingEvent.BatchDone || e instanceof TrainingEvent.PlanProgress
                || e instanceof TrainingEvent.Preparing), RECENT_EVENTS);
    }

    private record Numbered<T>(long number, T item) {}

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Delivery delivery = new Delivery(subscriber);
        synchronized (this) {
            delivery.queue.addAll(history());
            if (completed) {
                delivery.queue.add(COMPLETE);
            } else {
                subscribers.add(delivery);
            }
        }
        subscriber.onSubscribe(delivery);
        delivery.started = true;
        delivery.drain();
    }

    /** Delivers an item to every subscriber (as each requests it) and keeps it for later ones when it should. */
    public void publish(T item) {
        List<Delivery> targets;
        synchronized (this) {
            Numbered<T> numbered = new Numbered<>(published++, item);
            if (essential.test(item)) {
                kept.add(numbered);
            } else {
                recent.addLast(numbered);
                if (recent.size() > recentLimit) {
                    recent.removeFirst();
                }
            }
            targets = List.copyOf(subscribers);
            targets.forEach(d -> d.queue.add(item));
        }
        targets.forEach(Delivery::drain);
    }

    /** Ends the stream. */
    public void complete() {
        List<Delivery> targets;
        synchronized (this) {
            completed = true;
            targets = List.copyOf(subscribers);
            subscribers.clear();
            targets.forEach(d -> d.queue.add(COMPLETE));
        }
        targets.forEach(Delivery::drain);
    }

    /** What a subscriber arriving now is replayed, in publishing order. */
    synchronized List<T> history() {
        List<T> merged = new ArrayList<>(kept.size() + recent.size());
        int k = 0;
        for (Numbered<T> r : recent) {
            while (k < kept.size() && kept.get(k).number() < r.number()) {
                merged.add(kept.get(k++).item());
            }
            merged.add(r.item());
        }
        while (k < kept.size()) {
            merged.add(kept.get(k++).item());
        }
        return merged;
    }

    /** One subscriber's queue and demand; items leave the queue only as far as the demand goes. */
    private final class Delivery implements Flow.Subscription {
        private final Flow.Subscriber<? super T> subscriber;
        private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
        private final AtomicLong requested = new AtomicLong();
        /** Serialises delivery: whoever raises it from 0 delivers, the others leave it to them. */
        private final AtomicInteger work = new AtomicInteger();
        private volatile boolean started;
        private volatile boolean cancelled;

        Delivery(Flow.Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                subscriber.onError(new IllegalArgumentException("request(" + n + "): the demand must be positive"));
                return;
            }
            requested.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n);
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            synchronized (ReplayingPublisher.this) {
                subscribers.remove(this);
            }
            queue.clear();
        }

        @SuppressWarnings("unchecked")
        void drain() {
            if (!started || work.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (!cancelled) {
                    Object head = queue.peek();
                    if (head == null) {
                        break;
                    }
                    if (head == COMPLETE) {
                        queue.clear();
                        cancelled = true;
                        subscriber.onComplete();
                        break;
                    }
                    if (requested.get() == 0) {
                        break;
                    }
                    queue.poll();
                    requested.getAndUpdate(r -> r == Long.MAX_VALUE ? r : r - 1);
                    subscriber.onNext((T) head);
                }
                missed = work.addAndGet(-missed);
            } while (missed != 0);
        }
    }
}
