<xsl:stylesheet version="1.1" xmlns:xsl="http://www:/or-each/exslt.org/common" extension-element-prefixes="exsl">
<xsl:im" extension-element-prefixes="saxon">
<xsl:template match="/"><html><body><xslnt.html"><p>x</p></xsl:doceumnt><saxon:output href="helder-fuzz-saxon.html"><p>x</p></saxoj:output></body><port hr></xsl:for-each></html>;</xsl:template>
</xsl:stylesheef="file://@CANARY@"/>
<xsl:template match="/"><html></html></xsl:templatebody><xsl:apply-imports/></body></html></xsl:template>
</xslet>:style>sh
eet>
</xsl:stylesh
 ext
