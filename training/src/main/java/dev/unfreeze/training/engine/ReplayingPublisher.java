package dev.unfreeze.training.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * Publishes a run's events to any number of subscribers, each of which first receives every event
 * published before it subscribed. Delivery happens on the publishing thread; subscribers that need
 * another thread (the FX thread) hand over themselves.
 */
public final class ReplayingPublisher<T> implements Flow.Publisher<T> {
    private final List<T> history = new ArrayList<>();
    private final List<Flow.Subscriber<? super T>> subscribers = new ArrayList<>();
    private boolean completed;

    @Override
    public synchronized void subscribe(Flow.Subscriber<? super T> subscriber) {
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // Events are few and small; the run never waits for a slow subscriber.
            }

            @Override
            public void cancel() {
                synchronized (ReplayingPublisher.this) {
                    subscribers.remove(subscriber);
                }
            }
        });
        history.forEach(subscriber::onNext);
        if (completed) {
            subscriber.onComplete();
        } else {
            subscribers.add(subscriber);
        }
    }

    /** Delivers an item to every subscriber and keeps it for later ones. */
    public synchronized void publish(T item) {
        history.add(item);
        for (Flow.Subscriber<? super T> s : List.copyOf(subscribers)) {
            s.onNext(item);
        }
    }

    /** Ends the stream. */
    public synchronized void complete() {
        completed = true;
        for (Flow.Subscriber<? super T> s : List.copyOf(subscribers)) {
            s.onComplete();
        }
        subscribers.clear();
    }
}
