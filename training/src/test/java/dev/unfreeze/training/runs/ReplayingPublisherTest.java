package dev.unfreeze.training.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.TrainingEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Late subscribers catch up from a bounded history; every subscriber gets only what it asks for. */
class ReplayingPublisherTest {

    /** Records what arrives; requests nothing by itself. */
    static class Recorder<T> implements Flow.Subscriber<T> {
        final List<T> items = new CopyOnWriteArrayList<>();
        final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        volatile boolean completed;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
        }

        @Override
        public void onNext(T item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            throw new AssertionError(throwable);
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    @Test
    void itemsArriveOnlyAsTheyAreRequested() {
        ReplayingPublisher<Integer> publisher = new ReplayingPublisher<>(i -> true, 10);
        Recorder<Integer> recorder = new Recorder<>();
        publisher.subscribe(recorder);
        publisher.publish(1);
        publisher.publish(2);
        publisher.publish(3);
        publisher.complete();
        assertThat(recorder.items).isEmpty();
        recorder.subscription.get().request(2);
        assertThat(recorder.items).containsExactly(1, 2);
        assertThat(recorder.completed).isFalse();
        recorder.subscription.get().request(5);
        assertThat(recorder.items).containsExactly(1, 2, 3);
        assertThat(recorder.completed).isTrue();
    }

    @Test
    void aLateSubscriberGetsEveryEssentialEventAndOnlyTheLastBatchesInOrder() {
        ReplayingPublisher<TrainingEvent> publisher = new ReplayingPublisher<>(
                e -> !(e instanceof TrainingEvent.BatchDone), 3);
        publisher.publish(new TrainingEvent.RunStarted("m", "cpu", List.of("a", "b"), List.of("g"), 2, 0, 2, 0, 5, List.of()));
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int batch = 0; batch < 5; batch++) {
                publisher.publish(new TrainingEvent.BatchDone(epoch, batch, epoch * 5L + batch + 1, 1, 0.1, 10, false));
            }
            publisher.publish(new TrainingEvent.EpochDone(epoch, 1, 1, 0.5, 0.5, List.of(), new int[0][0], 1, 1));
        }
        Recorder<TrainingEvent> late = new Recorder<>();
        publisher.subscribe(late);
        late.subscription.get().request(Long.MAX_VALUE);
        assertThat(late.items).extracting(e -> e.getClass().getSimpleName() + (e instanceof TrainingEvent.BatchDone b
                ? " " + b.step() : "")).containsExactly("RunStarted", "EpochDone", "BatchDone 8", "BatchDone 9", "BatchDone 10",
                "EpochDone");
    }

    @Test
    void aSubscriberMayPublishFromAnotherThreadInsideOnNext() throws Exception {
        ReplayingPublisher<Integer> publisher = new ReplayingPublisher<>(i -> true, 10);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        publisher.subscribe(new Recorder<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Integer item) {
                seen.add(item);
                if (item == 1) {
                    // With the publisher's lock held during delivery, this thread could never publish.
                    Thread other = new Thread(() -> publisher.publish(2));
                    other.start();
                    try {
                        other.join(TimeUnit.SECONDS.toMillis(10));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    assertThat(other.isAlive()).as("the other thread's publish returned").isFalse();
                }
            }
        });
        publisher.publish(1);
        assertThat(seen).containsExactly(1, 2);
    }
}
