package org.doudi.provisioning.regions;

import static org.assertj.core.api.Assertions.assertThat;

import org.doudi.credential.TownshipCode;
import org.junit.jupiter.api.Test;

class TownshipsTest {
    private static final Townships TOWNSHIPS = Townships.nbs2023();

    @Test
    void namesATownshipWithItsCountyPrefectureAndProvince() {
        assertThat(TOWNSHIPS.find(new TownshipCode("450123101")).orElseThrow().displayName())
                .isEqualTo("南圩镇, 隆安县, 南宁市, 广西壮族自治区");
    }

    @Test
    void leavesOutTheNbsPseudoPrefectureOfMunicipalities() {
        assertThat(TOWNSHIPS.find(new TownshipCode("110101001")).orElseThrow().displayName())
                .isEqualTo("东华门街道, 东城区, 北京市");
    }

    @Test
    void acceptsTheTwelveDigitFormOfATownshipButNotAVillage() {
        assertThat(TOWNSHIPS.find(new TownshipCode("110101001000"))).isPresent();
        assertThat(TOWNSHIPS.find(new TownshipCode("110101001001"))).isEmpty();
    }

    @Test
    void suggestsTheNearestCodesOfTheSameCountyForAnUnknownOne() {
        TownshipCode typo = new TownshipCode("450123199");

        assertThat(TOWNSHIPS.find(typo)).isEmpty();
        assertThat(TOWNSHIPS.closest(typo)).isNotEmpty().hasSizeLessThanOrEqualTo(5)
                .allSatisfy(t -> assertThat(t.code()).startsWith("450123"));
        assertThat(TOWNSHIPS.closest(new TownshipCode("999999001"))).isEmpty();
    }
}
