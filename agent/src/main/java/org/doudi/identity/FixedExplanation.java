package org.doudi.identity;

/** An explanation fixed in advance, as the enums of this package are: their name is the code. */
interface FixedExplanation extends Explained {
    Wording wording();

    String name();

    @Override
    default String code() {
        return name();
    }

    @Override
    default String zh() {
        return wording().zh();
    }

    @Override
    default String en() {
        return wording().en();
    }
}
