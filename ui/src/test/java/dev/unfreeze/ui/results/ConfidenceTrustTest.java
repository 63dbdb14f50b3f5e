package dev.unfreeze.ui.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.ValidationPrediction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Results step says, in a sentence, whether the percentages of its answers can be read as they are. */
class ConfidenceTrustTest {
    @Test
    void answersSurerThanRightAreCalledOverstatedAndTooFewSayNothing() {
        ValidationGallery gallery = new ValidationGallery();
        gallery.setAll(answers(10, 0.96, 10, 0.96));
        assertThat(trust(gallery)).isEqualTo("On these 20 images the answers were right "
                + "50% of the time and given with 96% confidence on average: the percentages overstate how often they are "
                + "right, as they often do after training on few images. Read them as a ranking.");

        gallery.setAll(answers(10, 0.52, 10, 0.50));
        assertThat(trust(gallery)).endsWith("can be read as they are.");
        gallery.setAll(answers(18, 0.6, 2, 0.6));
        assertThat(trust(gallery)).endsWith("understate how often they are right.");

        gallery.setAll(answers(2, 0.99, 17, 0.99));
        assertThat(trust(gallery)).as("19 images cannot tell").isEmpty();
        gallery.setAll(List.of());
        assertThat(trust(gallery)).isEmpty();
    }

    @Test
    void fewHeldOutAnswersThatFittedTheTemperatureLeaveTheCheckToTheTestImages() {
        ValidationGallery heldOut = new ValidationGallery();
        heldOut.setAll(answers(14, 0.8, 2, 0.6));
        ValidationGallery test = new ValidationGallery();
        test.setAll(answers(70, 0.72, 30, 0.6));
        TrainingEvent.TemperatureFitted fitted = new TrainingEvent.TemperatureFitted(3.11, 16);
        assertThat(ConfidenceTrust.sentence(heldOut.calibration().get(), fitted, test.calibration().get()))
                .isEqualTo("The model's scores were divided by 3.11 to fit its answers on these 16 images. On the "
                        + "dataset's 100 test images, which can check its percentages, they were right 70% of the time "
                        + "and given with 68% confidence on average: the percentages can be read as they are.");
        assertThat(ConfidenceTrust.sentence(heldOut.calibration().get(), null, test.calibration().get()))
                .as("sixteen answers that fitted nothing: too few to tell").isEmpty();
        assertThat(ConfidenceTrust.sentence(heldOut.calibration().get(), fitted, null)).isEmpty();
    }

    /** The sentence on answers that played no part in fitting the model's temperature. */
    private static String trust(ValidationGallery gallery) {
        return ConfidenceTrust.sentence(gallery.calibration().get(), null, null);
    }

    /** Right and wrong answers with the confidences given. */
    private static List<ValidationPrediction> answers(int right, double rightConfidence, int wrong, double wrongConfidence) {
        List<ValidationPrediction> answers = new ArrayList<>();
        for (int i = 0; i < right; i++) {
            answers.add(new ValidationPrediction("right-" + i + ".png", "Bag", "Bag", rightConfidence));
        }
        for (int i = 0; i < wrong; i++) {
            answers.add(new ValidationPrediction("wrong-" + i + ".png", "Bag", "Shirt", wrongConfidence));
        }
        return answers;
    }
}
