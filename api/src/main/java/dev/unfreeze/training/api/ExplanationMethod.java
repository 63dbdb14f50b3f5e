package dev.unfreeze.training.api;

/** How a heat map of where the model looks was found. */
public enum ExplanationMethod implements Choice {
    /**
     * Grad-CAM (Selvaraju et al., 2017): the last convolutional group's activations, each channel weighed by how much
     * the class's score rises with it. One pass forward and back; needs a network whose last group can be reached.
     */
    GRAD_CAM("Grad-CAM", "the brighter a place, the more the last layers' features there raise the answer"),
    /**
     * Occlusion (Zeiler and Fergus, 2014): a grey square slides over the picture and each place is as important as
     * the answer falls when it is hidden. Needs only the model's answers, so it explains any model; about 200 passes.
     */
    OCCLUSION("occlusion", "the brighter a place, the more hiding it lowers the answer");

    private final String title;
    private final String reading;

    ExplanationMethod(String title, String reading) {
        this.title = title;
        this.reading = reading;
    }

    /** The name in a sentence. */
    public String title() {
        return title;
    }

    /** How to read the map, as a clause. */
    public String reading() {
        return reading;
    }
}
